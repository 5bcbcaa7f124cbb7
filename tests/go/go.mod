module sigma-auth.invalid/sigmaauth

go 1.26
